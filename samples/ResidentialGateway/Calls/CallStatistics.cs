namespace ResidentialGateway.Calls;

/// <summary>Call counts since start (see <see cref="CallTracker.GetStatistics"/>).</summary>
internal readonly record struct CallStatistics(long Active, long Started, long Answered, long Failed, long Completed, long Untracked, long MediaTimeouts);
