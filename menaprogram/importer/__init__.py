"""The spreadsheet importer: reading files, running an import all or none, kinds by app."""
