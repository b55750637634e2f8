using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.EndToEnd;
using KubeApiExporter.Tests.Integration.Harness;

namespace KubeApiExporter.Tests.Integration.Browser;

/// <summary>
/// A real browser for page tests: Debian's chromium, headless, driven by chromedriver over the W3C
/// WebDriver HTTP protocol (no Selenium package). The flags keep a closed network quiet: without them
/// chromium retries update, sync and QUIC connections for the whole test.
/// </summary>
public sealed class HeadlessChrome : IAsyncDisposable
{
    private const string ElementKey = "element-6066-11e4-a52e-4f735466cecf";
    private readonly Process _driver;
    private readonly HttpClient _http;
    private readonly string _session;
    private readonly string _profile;

    private HeadlessChrome(Process driver, HttpClient http, string session, string profile)
    {
        _driver = driver;
        _http = http;
        _session = session;
        _profile = profile;
    }

    /// <summary>Why a browser test cannot run here, or null.</summary>
    public static string? MissingReason =>
        ExternalTool.Find("chromium") is null || ExternalTool.Find("chromedriver") is null
            ? "chromium or chromedriver not installed: apt-get install -y chromium chromium-driver"
            : null;

    public static async Task<HeadlessChrome> StartAsync()
    {
        var port = FreePort.Next();
        var driver = Process.Start(new ProcessStartInfo(ExternalTool.Find("chromedriver")!, [$"--port={port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        driver.OutputDataReceived += (_, _) => { };
        driver.ErrorDataReceived += (_, _) => { };
        driver.BeginOutputReadLine();
        driver.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        var profile = Directory.CreateTempSubdirectory("kae-chromium-").FullName;
        try
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var status = await http.GetAsync("status");
                    if (status.IsSuccessStatusCode)
                        break;
                }
                catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
                {
                }
                await Task.Delay(50);
            }
            string[] args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", $"--user-data-dir={profile}",
            ];
            var body = new JsonObject
            {
                ["capabilities"] = new JsonObject
                {
                    ["alwaysMatch"] = new JsonObject
                    {
                        ["browserName"] = "chrome",
                        ["goog:chromeOptions"] = new JsonObject
                        {
                            ["binary"] = ExternalTool.Find("chromium"),
                            ["args"] = new JsonArray(args.Select(a => (JsonNode)a!).ToArray()),
                        },
                    },
                },
            };
            var session = await SendAsync(http, HttpMethod.Post, "session", body);
            return new HeadlessChrome(driver, http, session!["sessionId"]!.GetValue<string>(), profile);
        }
        catch
        {
            driver.Kill(entireProcessTree: true);
            driver.Dispose();
            http.Dispose();
            throw;
        }
    }

    public Task NavigateAsync(Uri url) => SendAsync(_http, HttpMethod.Post, $"session/{_session}/url", new JsonObject { ["url"] = url.ToString() });

    public async Task<string> TitleAsync() => (await SendAsync(_http, HttpMethod.Get, $"session/{_session}/title", null))!.GetValue<string>();

    /// <summary>The rendered (visible) text of the first element matching a CSS selector, or null when none matches.</summary>
    public async Task<string?> TextAsync(string css)
    {
        var id = await FindAsync(css);
        return id is null ? null : (await SendAsync(_http, HttpMethod.Get, $"session/{_session}/element/{id}/text", null))!.GetValue<string>();
    }

    public async Task<string?> AttributeAsync(string css, string name)
    {
        var id = await FindAsync(css);
        if (id is null)
            return null;
        var value = await SendAsync(_http, HttpMethod.Get, $"session/{_session}/element/{id}/attribute/{name}", null);
        return value?.GetValue<string>();
    }

    /// <summary>Number of elements matching a CSS selector.</summary>
    public async Task<int> CountAsync(string css) =>
        (await SendAsync(_http, HttpMethod.Post, $"session/{_session}/elements", new JsonObject { ["using"] = "css selector", ["value"] = css }))!.AsArray().Count;

    /// <summary>A PNG of the viewport.</summary>
    public async Task<byte[]> ScreenshotAsync() =>
        Convert.FromBase64String((await SendAsync(_http, HttpMethod.Get, $"session/{_session}/screenshot", null))!.GetValue<string>());

    private async Task<string?> FindAsync(string css)
    {
        var found = await SendAsync(_http, HttpMethod.Post, $"session/{_session}/elements", new JsonObject { ["using"] = "css selector", ["value"] = css });
        var first = found!.AsArray().FirstOrDefault();
        return first?[ElementKey]?.GetValue<string>();
    }

    private static async Task<JsonNode?> SendAsync(HttpClient http, HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            // A sized body: chromedriver drops requests sent with chunked transfer encoding.
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var value = JsonNode.Parse(text)?["value"];
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"WebDriver {method} {path}: {(int)response.StatusCode} {value?["message"] ?? text}");
        return value;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"session/{_session}");
            using var _ = await _http.SendAsync(request);
        }
        catch (HttpRequestException)
        {
        }
        catch (JsonException)
        {
        }
        if (!_driver.HasExited)
            _driver.Kill(entireProcessTree: true);
        await _driver.WaitForExitAsync();
        _driver.Dispose();
        _http.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
