"""pyqtgraph views and panels; colours and fonts come from views.style."""
