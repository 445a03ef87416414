"""The certificates area's pages."""
from flask import Blueprint

bp = Blueprint("certificates", __name__)
