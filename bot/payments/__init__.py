"""Payment providers behind the PaymentProvider port (Yoco by default, Paystack second), their
signed webhooks, and the daily reconciliation of links still unpaid."""
