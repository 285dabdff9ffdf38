"""Adapters behind the ports: SQL tables, repositories, unit of work, migrations, file stores."""
