"""The hello-world Flask app every HTTP figure is compared with, under the same server settings."""
from flask import Flask

app = Flask(__name__)


@app.route("/", methods=["GET", "POST"])
def hello():
    return "Hello, World!"
