using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

public sealed class ValidConfigTests
{
    [Fact]
    public Task Valid_config_reports_nothing_and_generated_code_compiles() => Verify.Diagnostics(Toml.Valid());
}
