// FeedParser module
