"""Tests for layerlab.data."""
