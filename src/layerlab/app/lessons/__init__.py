"""The app side of the guided lessons: applying a lesson's setup to the window, pointing at
widgets, running experiments off the GUI thread and drawing their figures with pyqtgraph."""
