namespace KubeApiExporter.Host;

/// <summary>
/// The last failure of one watch target, for people (a status page): what the last attempt said, since
/// when the target has been failing, how many attempts failed, and when it recovered (null: still failing).
/// </summary>
public sealed record TargetFailure(string Error, DateTimeOffset Since, DateTimeOffset Last, int Attempts, DateTimeOffset? Recovered);
