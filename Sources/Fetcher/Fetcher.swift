// Fetcher module
