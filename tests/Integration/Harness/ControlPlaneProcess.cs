using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// One control-plane component (etcd, kube-apiserver, kube-controller-manager) as a child process,
/// its output appended to a log file, stopped by pid. It never outlives the test process: a
/// watchdog started with it SIGKILLs it when the test process is gone (a test run killed with
/// SIGKILL runs no cleanup code), and a ProcessExit handler kills it on an ordinary exit.
/// </summary>
public sealed class ControlPlaneProcess : IDisposable
{
    private const int SigKill = 9, SigTerm = 15, SigCont = 18, SigStop = 19;
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    // `exec` keeps the pid of the shell, so the pid we hold (and signal) is the component's own.
    private const string WatchdogScript = """
        watched=$1; log=$2; shift 2
        ( while kill -0 $$ 2>/dev/null; do
            kill -0 "$watched" 2>/dev/null || { kill -9 $$; exit 0; }
            sleep 1
          done ) </dev/null >/dev/null 2>&1 &
        exec "$@" </dev/null >>"$log" 2>&1
        """;

    private readonly Process _process;

    static ControlPlaneProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Live.Values)
                TryKill(p);
        };
    }

    private ControlPlaneProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        Live[process.Id] = process;
    }

    public string Name { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public static ControlPlaneProcess Start(string name, string binary, IEnumerable<string> args, string logPath)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", WatchdogScript, name, Environment.ProcessId.ToString(), logPath, binary }.Concat(args))
            psi.ArgumentList.Add(a);
        return new ControlPlaneProcess(name, Process.Start(psi)!, logPath);
    }

    /// <summary>SIGSTOP: the process keeps its sockets open and answers nothing (a hung server).</summary>
    public void Pause() => Send(SigStop);

    public void Resume() => Send(SigCont);

    /// <summary>SIGKILL, as a crash or an OOM kill; waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            TryKill(_process);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(cts.Token);
        }
        Live.TryRemove(_process.Id, out _);
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            Send(SigCont); // a paused process cannot act on SIGTERM
            Send(SigTerm);
            using var cts = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await KillAsync();
    }

    /// <summary>The last lines of the component's log, for failure messages.</summary>
    public string LogTail(int lines = 20)
    {
        try
        {
            return $"{Name} log ({LogPath}):\n" + string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"{Name} log unreadable: {e.Message}";
        }
    }

    public void Dispose()
    {
        TryKill(_process);
        Live.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    private void Send(int signal)
    {
        if (!_process.HasExited && kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill -{signal} {Name} (pid {_process.Id}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    private static void TryKill(Process p)
    {
        try
        {
            if (!p.HasExited)
                kill(p.Id, SigKill);
        }
        catch (InvalidOperationException)
        {
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
