"""The application factory: one Config in, one Flask app out, with one lazily opened Engine."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, jsonify, send_from_directory

from search.config import Config

from . import api, errors, openapi, security
from .engines import LazyEngine

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(config: Config, static_dir: Path = STATIC_DIR) -> Flask:
    """Build the app. ``static_dir`` holds ``index.html`` (served at ``/``) and its assets."""
    app = Flask(__name__, static_folder=str(static_dir), static_url_path="/static")
    app.config["ZOEKLICHT"] = config
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # UTF-8, "geïsoleerde" stays readable
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the documented field order
    app.extensions["zoeklicht"] = LazyEngine(config)
    app.extensions["zoeklicht_openapi"] = openapi.document(config)

    security.register(app, config)
    errors.register(app)
    app.register_blueprint(api.bp, url_prefix="/api")

    @app.get("/")
    def index() -> Response:
        return send_from_directory(static_dir, "index.html")

    @app.get("/healthz")
    def healthz() -> Response:
        """The process lives and answers; says nothing about the index."""
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz() -> Response:
        """An index is open and being served (503 problem otherwise)."""
        generation = app.extensions["zoeklicht"].get().generation_name  # NoIndexError: 503
        return jsonify(status="ready", generation=generation)

    return app
