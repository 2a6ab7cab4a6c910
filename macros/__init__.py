"""Build-time glue: renders the pages from content/ and checker/ and hands them to MkDocs."""
