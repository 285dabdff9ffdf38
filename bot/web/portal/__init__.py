"""The customer portal: signing in (codes, links, the web chat's own browser), the session
cookie, and the pages a signed-in customer sees."""
