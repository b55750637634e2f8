using k8s;
using k8s.Autorest;

namespace KubeApiExporter.Fetcher;

/// <summary>
/// When the API server was last heard from, shared by all watchers of one client, and a cheap probe
/// (GET /version, readable by every identity) to ask it when nothing has been heard for a while. HTTP/2
/// pings find a dead connection by themselves; over HTTP/1.1 (no pings) only a request can tell a quiet
/// resource from a hung server. Concurrent probes share one request, and any watcher's event resets the
/// silence of all, so a busy cluster sends no probes at all and a quiet one about two a minute.
/// </summary>
public sealed class ApiServerLiveness(IKubernetes client, TimeProvider time, TimeSpan probeTimeout)
{
    private readonly KubernetesRequests _requests = KubernetesRequests.For(client);
    private readonly Lock _gate = new();
    private long _lastHeard = time.GetTimestamp();
    private Task<string?>? _probe;

    /// <summary>Something arrived from the API server (a list page, a watch event, a probe answer).</summary>
    public void Heard() => Volatile.Write(ref _lastHeard, time.GetTimestamp());

    public TimeSpan SilentFor => time.GetElapsedTime(Volatile.Read(ref _lastHeard));

    /// <summary>Asks the API server for a sign of life: null when it answered (any HTTP status), else why not.</summary>
    public Task<string?> ProbeAsync(CancellationToken ct)
    {
        Task<string?> probe;
        lock (_gate)
        {
            if (_probe is not { IsCompleted: false })
                _probe = SendProbeAsync();
            probe = _probe;
        }
        return probe.WaitAsync(ct);
    }

    private async Task<string?> SendProbeAsync()
    {
        await Task.Yield(); // out of the lock
        using var timeout = new CancellationTokenSource(probeTimeout, time);
        try
        {
            // Only the answer matters, not its body (KubernetesClient's typed call would parse it by reflection).
            using var response = await _requests.SendAsync(HttpMethod.Get, "version", null, timeout.Token);
        }
        catch (HttpOperationException)
        {
            // Even an error status is an answer: the server and the connection are alive.
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"no answer to GET /version within {probeTimeout.TotalSeconds:0.#} s";
        }
        catch (Exception e)
        {
            return $"GET /version failed: {FailureDescription.Of(e)}";
        }
        Heard();
        return null;
    }
}
