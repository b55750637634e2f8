using System.Diagnostics;

namespace KubeApiExporter.Tests;

/// <summary>Polling with a deadline: the one way the tests and the bench wait for something to happen.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Calls <paramref name="probe"/> until <paramref name="done"/> holds for its result and returns that
    /// result. A probe that throws (e.g. the server is not listening yet) counts as "not yet". After
    /// <paramref name="timeout"/> throws a TimeoutException naming <paramref name="what"/>, the last
    /// result (through <paramref name="describe"/>) or error, and <paramref name="context"/>. Any other
    /// exception of the probe (e.g. "the process exited") ends the wait at once.
    /// </summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what,
        Func<T, string>? describe = null, Func<string>? context = null, TimeSpan? interval = null)
    {
        var watch = Stopwatch.StartNew();
        var last = "(no result)";
        while (true)
        {
            try
            {
                var result = await probe();
                if (done(result))
                    return result;
                last = describe is null ? result?.ToString() ?? "null" : describe(result);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                last = $"{e.GetType().Name}: {e.Message}";
            }
            if (watch.Elapsed >= timeout)
                throw new TimeoutException($"not within {timeout.TotalSeconds:0.#} s: {what}\nLast: {last}" +
                    (context is null ? "" : "\n" + context()));
            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked every <paramref name="interval"/>, 20 ms by default).</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? context = null, TimeSpan? interval = null) =>
        PollAsync(() => Task.FromResult(condition()), ok => ok, timeout, what, _ => "false", context, interval ?? TimeSpan.FromMilliseconds(20));
}
