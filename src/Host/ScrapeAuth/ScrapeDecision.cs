namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>What the guard answers a request: let it through (200 path), 401, 403, or 503 when the API server could not be asked.</summary>
public sealed record ScrapeDecision(int StatusCode, string Result, string Message, string? User)
{
    public bool Allowed => StatusCode == 200;
}
