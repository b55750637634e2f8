using System.Collections.Concurrent;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// Requests seen, so tests can assert the API load the README promises (one list and one
/// watch per resource, whatever the scrape rate). Failed and faulted requests count too.
/// </summary>
internal sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, int> _lists = new();
    private readonly ConcurrentDictionary<string, int> _watches = new();
    private int _total;

    public int Total => Volatile.Read(ref _total);

    public void CountRequest() => Interlocked.Increment(ref _total);

    public void CountList(string plural) => _lists.AddOrUpdate(plural, 1, (_, n) => n + 1);

    public void CountWatch(string plural) => _watches.AddOrUpdate(plural, 1, (_, n) => n + 1);

    public int Lists(string plural) => _lists.GetValueOrDefault(plural);

    public int Watches(string plural) => _watches.GetValueOrDefault(plural);
}
