using System;
using System.IO;
using HarmonyGen.Package.Tests.Infrastructure;
using Xunit;
using Xunit.Sdk;

namespace HarmonyGen.Package.Tests;

/// <summary>
/// ContainerLayout refuses a Dockerfile it does not model, naming the line, before it runs anything: the layout test
/// cannot go stale silently when the template's Dockerfile grows.
/// </summary>
public sealed class ContainerLayoutModelTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "harmonygen-layout-model-" + Guid.NewGuid().ToString("N")[..8]);

    public ContainerLayoutModelTests() => Directory.CreateDirectory(_folder);

    [Theory]
    [InlineData("ARG RID=linux-x64\nFROM sdk AS build\nWORKDIR /src\nENV DOTNET_CLI_HOME=/tmp\nFROM deps AS final\n", "line 4: ENV DOTNET_CLI_HOME=/tmp")]
    [InlineData("ARG RID=linux-x64\nFROM sdk AS build\nWORKDIR /src\nFROM deps AS final\nWORKDIR /app\nHEALTHCHECK CMD [\"./x\"]\n", "line 6: HEALTHCHECK")]
    [InlineData("ARG RID=linux-x64\nFROM sdk AS build\nCOPY --chown=app . .\nFROM deps AS final\n", "line 3: COPY --chown=app . .")]
    [InlineData("ARG RID=linux-x64\nFROM sdk AS build\nFROM sdk AS test\nFROM deps AS final\n", "3 stages")]
    [InlineData("FROM sdk AS build\n# a comment\nRUN echo \\\n  /etc/passwd\nFROM deps AS final\nWORKDIR /app\nCOPY --from=build /app/ ./\n", "RID defaults to ''")]
    public void An_instruction_the_test_does_not_model_fails_with_its_line(string dockerfile, string named)
    {
        var error = Assert.ThrowsAny<XunitException>(() => ContainerLayout.Assemble(Dockerfile.Parse(dockerfile), new BuildContext(_folder), Path.Combine(_folder, "layout")));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "layout", "final")), "Nothing may be assembled from a Dockerfile the test does not model.");
    }

    [Fact]
    public void A_RUN_line_writing_outside_the_stage_s_folders_fails_before_it_runs()
    {
        const string dockerfile = "ARG RID=linux-x64\nFROM sdk AS build\nWORKDIR /src\nRUN touch /etc/harmonygen-layout-test \\\n    && echo done\nFROM deps AS final\nWORKDIR /app\nCOPY --from=build /app/ ./\nENTRYPOINT [\"./x\"]\n";
        var error = Assert.ThrowsAny<XunitException>(() => ContainerLayout.Assemble(Dockerfile.Parse(dockerfile), new BuildContext(_folder), Path.Combine(_folder, "layout")));
        Assert.Contains("line 4: RUN touch /etc/harmonygen-layout-test && echo done", error.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/harmonygen-layout-test is neither a WORKDIR nor copied by the final stage", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists("/etc/harmonygen-layout-test"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
