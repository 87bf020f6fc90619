using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>A self-signed certificate for <c>*.&lt;subdomain&gt;.workers.dev</c>, served by the fake's workerd and trusted only by the fake's handler.</summary>
internal sealed class FakeTlsCertificate
{
    public FakeTlsCertificate(string subdomain)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var host = $"*.{subdomain}.workers.dev";
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        CertificatePem = certificate.ExportCertificatePem();
        PrivateKeyPem = key.ExportPkcs8PrivateKeyPem();
        Thumbprint = certificate.Thumbprint;
    }

    public string CertificatePem { get; }

    public string PrivateKeyPem { get; }

    public string Thumbprint { get; }
}
