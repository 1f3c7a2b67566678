"""SendMed Desktop: run SEND mediation meetings offline, on an encrypted case store."""

__version__ = "0.1.0"
APP_NAME = "SendMed Desktop"
