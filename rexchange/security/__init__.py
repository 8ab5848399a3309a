"""Production manners shared by every page: the Content-Security-Policy middleware
(`csp`) and admin login lockout with the client-address rule (`logins`)."""
