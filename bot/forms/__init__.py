"""Report forms as declarative data, and the pure engine that walks them."""
