using Microsoft.Extensions.Logging;

namespace KubeApiExporter.Fetcher;

/// <summary>
/// The log lines of a run of 403/404 answers for one target: one when it starts (it may be transient,
/// e.g. an API server whose RBAC authorizer has not synced yet after a restart), one stating the fix
/// once it has persisted, one when the target is readable again. Attempts in between log at Debug.
/// </summary>
internal sealed class UnavailableStreak(WatchTarget target, ILogger logger, TimeProvider time, WatcherOptions options)
{
    private int? _code;
    private long _since;
    private int _attempts;
    private bool _persistenceLogged;

    public void Answered(int code, TimeSpan nextRetry)
    {
        if (_code != code)
        {
            _code = code;
            _since = time.GetTimestamp();
            _attempts = 0;
            _persistenceLogged = false;
        }
        _attempts++;
        var delayMs = (int)nextRetry.TotalMilliseconds;
        if (_attempts == 1)
        {
            if (code == 403)
                logger.LogWarning("{Resource}: {Target} answered 403 Forbidden; retrying with backoff (next in {DelayMs} ms). " +
                    "Expected for a few seconds after an API server restart; if it persists, check that the ClusterRole grants get, list and watch on {Rule}",
                    target.Name, target, delayMs, RuleText);
            else
                logger.LogWarning("{Resource}: {Target} answered 404 Not Found; retrying with backoff (next in {DelayMs} ms). " +
                    "If it persists, its CRD is not installed (yet) or apiVersion/resource in exporter.yaml is wrong",
                    target.Name, target, delayMs);
            return;
        }
        var elapsed = time.GetElapsedTime(_since);
        if (!_persistenceLogged && elapsed >= options.UnavailablePersistsAfter)
        {
            _persistenceLogged = true;
            var seconds = (int)elapsed.TotalSeconds;
            var retrySeconds = (int)options.UnavailableMaxBackoff.TotalSeconds;
            if (code == 403)
                logger.LogWarning("{Resource}: {Target} still answers 403 Forbidden after {Seconds} s ({Attempts} attempts): the service account may not read it. " +
                    "Fix: add to the ClusterRole rules '- apiGroups: [\"{Group}\"] resources: [\"{Plural}\"] verbs: [get, list, watch]'; retrying every {RetrySeconds} s",
                    target.Name, target, seconds, _attempts, target.Group, target.Plural, retrySeconds);
            else
                logger.LogWarning("{Resource}: {Target} still answers 404 Not Found after {Seconds} s ({Attempts} attempts): the API server does not serve {ApiVersion} {Plural}. " +
                    "Fix: install its CRD, or correct apiVersion/resource in exporter.yaml; retrying every {RetrySeconds} s",
                    target.Name, target, seconds, _attempts, target.ApiVersion, target.Plural, retrySeconds);
            return;
        }
        logger.LogDebug("{Resource}: {Target} answered {Code} again (attempt {Attempts}), next retry in {DelayMs} ms", target.Name, target, code, _attempts, delayMs);
    }

    /// <summary>A list went through: ends the streak, if there was one.</summary>
    public void Readable()
    {
        if (_code is not { } code)
            return;
        logger.LogInformation("{Resource}: {Target} is readable now, after answering {Code} for {ElapsedMs} ms ({Attempts} attempts)",
            target.Name, target, code, (int)time.GetElapsedTime(_since).TotalMilliseconds, _attempts);
        _code = null;
    }

    private string RuleText => $"resource \"{target.Plural}\" in API group \"{target.Group}\"";
}
