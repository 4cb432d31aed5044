"""The printed documents: print HTML, the PDF engine and the annual reports."""
