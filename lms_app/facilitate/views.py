"""The facilitate area's pages."""
from flask import Blueprint

bp = Blueprint("facilitate", __name__)
