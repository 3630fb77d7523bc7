"""What the dashboard and the ETL share: settings, schema, queries and formatting."""
