package app.reclaim.directory;

/** Headline counts of an org's directory, served from the in-memory index. */
public record DirectoryCounts(
    int users,
    int activeUsers,
    int suspendedUsers,
    int deactivatedUsers,
    int notInvitedUsers,
    int groups) {}
