namespace KubeApiExporter.Fetcher;

/// <summary>Thrown by the watcher itself when the API server left a request unanswered for too long.</summary>
internal sealed class SilenceException(string message) : TimeoutException(message);
