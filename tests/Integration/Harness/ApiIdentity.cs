using System.Security.Cryptography;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// A user of the control plane, authenticated by a static bearer token (kube-apiserver
/// --token-auth-file). What a user may do is then decided by RBAC alone.
/// </summary>
public sealed record ApiIdentity(string User, IReadOnlyList<string> Groups, string Token)
{
    /// <summary>Drives the tests: in system:masters, which RBAC lets do anything.</summary>
    public static ApiIdentity Admin() => New("kube-api-exporter-test-admin", "system:masters");

    /// <summary>
    /// Exactly the user and groups a pod running as the shipped ServiceAccount presents, so the
    /// shipped ClusterRoleBinding binds it and the shipped ClusterRole decides what it may read.
    /// </summary>
    public static ApiIdentity ShippedServiceAccount() => ServiceAccount("kube-api-exporter", "kube-api-exporter");

    /// <summary>The user and groups a pod of service account <paramref name="ns"/>/<paramref name="name"/> presents.</summary>
    public static ApiIdentity ServiceAccount(string ns, string name) =>
        New($"system:serviceaccount:{ns}:{name}", "system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated");

    /// <summary>A user with a fresh random token, in <paramref name="groups"/>.</summary>
    public static ApiIdentity New(string user, params string[] groups) =>
        new(user, groups, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());

    /// <summary>Writes the --token-auth-file: `token,user,uid,"group1,group2"` per line.</summary>
    public static void WriteTokenFile(string path, params ApiIdentity[] identities) =>
        File.WriteAllLines(path, identities.Select(i => $"{i.Token},{i.User},{i.User},\"{string.Join(',', i.Groups)}\""));
}
