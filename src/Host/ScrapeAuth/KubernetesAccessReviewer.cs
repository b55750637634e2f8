using k8s;
using k8s.Models;

namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>TokenReview and SubjectAccessReview through the exporter's own API client (it needs <c>create</c> on both).</summary>
public sealed class KubernetesAccessReviewer(IKubernetes client) : IAccessReviewer
{
    public async Task<ScraperIdentity?> AuthenticateAsync(string token, CancellationToken ct)
    {
        var review = await client.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } }, cancellationToken: ct);
        var status = review.Status;
        if (status?.Authenticated != true || status.User?.Username is not { Length: > 0 } user)
            return null;
        var extra = status.User.Extra?.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.ToList())
                    ?? new Dictionary<string, IReadOnlyList<string>>();
        return new ScraperIdentity(user, status.User.Uid, status.User.Groups?.ToList() ?? [], extra);
    }

    public async Task<(bool Allowed, string Reason)> AuthorizeAsync(ScraperIdentity identity, string verb, string path, CancellationToken ct)
    {
        var review = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = identity.User,
                Uid = identity.Uid,
                Groups = identity.Groups.ToList(),
                Extra = identity.Extra.ToDictionary(kv => kv.Key, kv => (IList<string>)kv.Value.ToList()),
                NonResourceAttributes = new V1NonResourceAttributes { Path = path, Verb = verb },
            },
        }, cancellationToken: ct);
        return (review.Status?.Allowed == true, review.Status?.Reason ?? review.Status?.EvaluationError ?? "");
    }
}
