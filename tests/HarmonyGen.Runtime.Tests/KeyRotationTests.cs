using System;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// Key rotation within one mesh (docs/mesh.md "Rotating keys"): a verifier that holds the new key as current and the
/// old one as previous accepts tokens signed with either and nothing else; a signer with a previous key configured
/// still signs with its current key only.
/// </summary>
public sealed class KeyRotationTests
{
    public static TheoryData<MeshAlgorithm> Algorithms() => new() { MeshAlgorithm.HS256, MeshAlgorithm.RS256 };

    public static TheoryData<MeshAlgorithm, bool> AlgorithmsAndKeys() => new()
    {
        { MeshAlgorithm.HS256, true },
        { MeshAlgorithm.HS256, false },
        { MeshAlgorithm.RS256, true },
        { MeshAlgorithm.RS256, false },
    };

    [Theory]
    [MemberData(nameof(AlgorithmsAndKeys))]
    public async Task Verifier_accepts_a_token_signed_with_the_previous_or_the_current_key(MeshAlgorithm algorithm, bool signedWithPrevious)
    {
        MeshKeys old = MeshKeys.Other(algorithm);
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, PreviousKeysOnB = old });

        Answer answer = await SendToB(mesh, Jwt.Sign(signedWithPrevious ? old : mesh.Keys, Claims(mesh)));

        answer.AssertOk();
        Assert.Equal("/base/Patient/1", Assert.Single(mesh.Backend.Requests).Path);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task Verifier_refuses_a_token_signed_with_a_third_key(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, PreviousKeysOnB = MeshKeys.Other(algorithm) });
        MeshKeys third = MeshKeys.Third(algorithm);

        string token = Jwt.Sign(third, Claims(mesh));
        Answer answer = await SendToB(mesh, token);

        answer.AssertProblem(HttpStatusCode.Forbidden, third.Secret, token[^20..]);
        Assert.Empty(mesh.Backend.Requests);
    }

    /// <summary>
    /// A (the signer) lists the old key as previous; B knows only the current key. Traffic through A reaches B's
    /// backend, so A signed with its current key.
    /// </summary>
    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task Signer_with_a_previous_key_signs_with_the_current_key(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, PreviousKeysOnA = MeshKeys.Other(algorithm) });

        Answer answer = await mesh.Client.CallAsync(MeshScenario.Post(mesh.AUrl("/Patient/1"), new byte[] { 1, 2, 3 }));

        answer.AssertOk();
        RecordedRequest received = Assert.Single(mesh.Backend.Requests);
        Assert.Equal("/base/Patient/1", received.Path);
    }

    /// <summary>
    /// RS256 step 2 of docs/mesh.md: A's private key file is replaced by the new one while its jwt_public_key_path
    /// still names the old public key. A's tokens carry the new key's kid, so B (old key current, new key previous)
    /// finds the right key and the backend is reached.
    /// </summary>
    [Fact]
    public async Task Signer_whose_private_key_was_replaced_first_names_the_new_keys_kid()
    {
        MeshKeys next = MeshKeys.Other(MeshAlgorithm.RS256);
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = MeshAlgorithm.RS256, PrivateKeyOnA = next, PreviousKeysOnB = next });

        Answer answer = await mesh.Client.CallAsync(MeshScenario.Post(mesh.AUrl("/Patient/1"), new byte[] { 1, 2, 3 }));

        answer.AssertOk();
        Assert.Equal("/base/Patient/1", Assert.Single(mesh.Backend.Requests).Path);
    }

    /// <summary>
    /// The previous RSA public key is no HMAC secret: an HS256 token keyed with its PEM text (and carrying its kid)
    /// is refused, as it is for the current key.
    /// </summary>
    [Fact]
    public async Task Previous_rsa_public_key_used_as_an_hs256_secret_is_refused()
    {
        MeshKeys old = MeshKeys.Other(MeshAlgorithm.RS256);
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = MeshAlgorithm.RS256, PreviousKeysOnB = old });

        string token = Jwt.Hs256(Encoding.UTF8.GetBytes(old.PublicKeyPem!), Claims(mesh).ToJsonString(), old.KeyId);
        Answer answer = await SendToB(mesh, token);

        answer.AssertProblem(HttpStatusCode.Forbidden, null, token[^20..]);
        Assert.Empty(mesh.Backend.Requests);
    }

    [Fact]
    public void Missing_variable_of_the_previous_secret_stops_start_up_naming_the_key()
    {
        MeshKeys keys = MeshKeys.Hs256();
        MeshKeys old = MeshKeys.Hs256();
        GatewayDefinition definition = new GatewayBuilder("clinic")
            .Network("lan", 1)
            .Mesh(old.AsPreviousOf(keys.Signer("care")))
            .Build();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => HarmonyGateway.Build(definition, GatewayOptions.For(null, keys)));

        Assert.Contains(old.SecretVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("mesh.care.jwt_previous_secret", error.Message, StringComparison.Ordinal);
    }

    private static System.Text.Json.Nodes.JsonObject Claims(MeshScenario mesh) => Jwt.Claims(MeshScenario.Mesh, mesh.BOrigin, DateTimeOffset.UtcNow);

    private static Task<Answer> SendToB(MeshScenario mesh, string token) =>
        mesh.Client.CallAsync(MeshScenario.Post(mesh.BUrl("/Patient/1?x=1"), new byte[] { 7 }, "Bearer " + token));
}
