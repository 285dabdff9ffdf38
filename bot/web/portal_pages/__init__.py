"""The customer portal's own pages (my jobs, a job, booking and changes, my details, the chat);
signing in and sessions are in bot/web/portal/."""
