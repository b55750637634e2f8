using System.Diagnostics;
using System.Text.Json;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace KubeApiExporter.Fetcher.Kubeconfig;

/// <summary>
/// Runs a kubeconfig's <c>exec</c> credential plugin (client-go's protocol: KUBERNETES_EXEC_INFO in, an
/// ExecCredential JSON on stdout) as KubernetesClient does, with the JSON written and read without
/// reflection: KubernetesClient's own runner (de)serialises with reflection-based System.Text.Json, which a
/// Native AOT build does not have. Errors are <see cref="KubeConfigException"/>s saying what the plugin did.
/// </summary>
public static class ExecCredentialPlugin
{
    public static ExecCredential Run(ExternalExecution exec, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(exec.Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in exec.Arguments ?? [])
            start.ArgumentList.Add(argument);
        start.Environment["KUBERNETES_EXEC_INFO"] = ExecInfo(exec.ApiVersion);
        foreach (var variable in exec.EnvironmentVariables ?? [])
        {
            if (!variable.TryGetValue("name", out var name) || !variable.TryGetValue("value", out var value))
                throw new KubeConfigException($"Invalid environment variable defined: {string.Join(",", variable.Select(x => $"{x.Key}={x.Value}"))}");
            start.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new KubeConfigException($"external exec failed: {exec.Command} did not start");
        }
        catch (Exception e) when (e is not KubeConfigException)
        {
            throw new KubeConfigException($"external exec failed due to: {e.Message}{Hint(exec)}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new KubeConfigException($"external exec failed due to timeout: {exec.Command} did not answer within {timeout.TotalSeconds:0} s");
            }
            process.WaitForExit(); // the output streams to their end
            if (process.ExitCode != 0)
                throw new KubeConfigException($"external exec failed: {exec.Command} exited with {process.ExitCode}: {stderr.Result.Trim()}{Hint(exec)}");
            return Parse(stdout.Result, exec.ApiVersion);
        }
    }

    /// <summary>The ExecCredential a plugin printed; its apiVersion must be the one the kubeconfig asked for.</summary>
    public static ExecCredential Parse(string output, string apiVersion)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            var version = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("apiVersion", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (version != apiVersion)
                throw new KubeConfigException($"external exec failed because api version {version} does not match {apiVersion}");
            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object)
                throw new KubeConfigException("external exec failed missing token or clientCertificateData field in plugin output");
            var credential = new ExecCredential(
                Text(status, "token"), Text(status, "clientCertificateData"), Text(status, "clientKeyData"),
                Text(status, "expirationTimestamp") is { } t ? DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : null);
            if (string.IsNullOrEmpty(credential.Token) && (string.IsNullOrEmpty(credential.ClientCertificatePem) || string.IsNullOrEmpty(credential.ClientKeyPem)))
                throw new KubeConfigException("external exec failed missing token or clientCertificateData field in plugin output");
            return credential;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new KubeConfigException($"external exec failed due to failed deserialization process: {e.Message}");
        }
    }

    private static string ExecInfo(string apiVersion)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", apiVersion);
            w.WriteString("kind", "ExecCredential");
            w.WriteStartObject("spec");
            w.WriteBoolean("interactive", false); // a server process: no terminal to prompt on
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Hint(ExternalExecution exec) => string.IsNullOrEmpty(exec.InstallHint) ? "" : $" ({exec.InstallHint})";
}
