"""Article paragraphs that read as real prose, shared by the cleaning tests."""

GENEVA_TALKS = [
    "The minister said on Tuesday that the talks would resume next week in Geneva, "
    "after both sides agreed on an agenda for the first round.",
    "Officials from the two delegations declined to say which topics would come first, "
    "but diplomats expect trade and security to dominate the meeting.",
    "A spokesman for the ministry said the date had been chosen to let both teams "
    "prepare, and that the talks could last several days.",
]
