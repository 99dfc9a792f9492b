"""填报助手: a QQ assistant for the SME public service platform annual filing."""
