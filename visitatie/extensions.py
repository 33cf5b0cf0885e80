"""Extension objects, created without an app and bound in create_app."""

from flask_login import LoginManager
from flask_wtf import CSRFProtect

login_manager = LoginManager()
login_manager.login_view = "auth.inloggen"
login_manager.login_message = "Log in om deze pagina te zien."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"
csrf = CSRFProtect()
