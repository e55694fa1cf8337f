"""Application services: work that joins the local store and the Excel engine.

Used by both the command line and the desktop app, so that neither repeats it. Layering:
services may import core, db and excel; never ui, cli or server.
"""
