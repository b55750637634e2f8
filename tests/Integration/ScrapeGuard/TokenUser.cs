using System.Security.Cryptography;

namespace KubeApiExporter.Tests.Integration.ScrapeGuard;

/// <summary>A user of the control plane with a static bearer token (kube-apiserver --token-auth-file); RBAC alone decides what it may do.</summary>
public sealed record TokenUser(string User, IReadOnlyList<string> Groups, string Token)
{
    public static TokenUser New(string user, params string[] groups) =>
        new(user, groups, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());

    /// <summary>The user and groups a pod of service account <paramref name="ns"/>/<paramref name="name"/> presents.</summary>
    public static TokenUser ServiceAccount(string ns, string name) =>
        New($"system:serviceaccount:{ns}:{name}", "system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated");

    /// <summary>One line of the token file: <c>token,user,uid,"group1,group2"</c>.</summary>
    public string TokenFileLine => $"{Token},{User},{User},\"{string.Join(',', Groups)}\"";
}
