"""The votes app (民生实事项目票决): proposals, the vote desk, the count, supervision; the ballot page."""
