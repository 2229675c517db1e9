// The outbox and its delivery arrive with the accounts issue.
