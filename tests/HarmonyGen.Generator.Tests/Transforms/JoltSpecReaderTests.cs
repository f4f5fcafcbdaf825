using System.Linq;
using HarmonyGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace HarmonyGen.Generator.Tests.Transforms;

/// <summary>
/// A malformed spec file is a diagnostic at its exact JSON line and column (1-based, as the compiler prints), with
/// the reason: what Harmony refuses when it loads the file (serde_json, serde's TransformSpec, fluvio-jolt's shift
/// deserializer and key language).
/// </summary>
public sealed class JoltSpecReaderTests
{
    private static string[] Read(string json) =>
        JoltSpecFile.Read("/project/transforms/spec.json", SourceText.From(json)).Diagnostics
            .Select(d => d.ToDiagnostic())
            .Select(d =>
            {
                LinePositionSpan span = d.Location.GetLineSpan().Span;
                return $"{d.Id} ({span.Start.Line + 1},{span.Start.Character + 1}-{span.End.Line + 1},{span.End.Character + 1}) {d.GetMessage()}";
            })
            .ToArray();

    private static string Shift(string spec) => "[\n  {\n    \"operation\": \"shift\",\n    \"spec\": " + spec + "\n  }\n]";

    private static string Modify(string spec) => "[\n  {\n    \"operation\": \"modify-overwrite-beta\",\n    \"spec\": " + spec + "\n  }\n]";

    [Theory]
    [InlineData("[ { \"operation\": \"shift\", \"spec\": {}, } ]", "HG0901 (1,39-1,40) Transform spec is not JSON Harmony can read: a trailing comma is not JSON")]
    [InlineData("[\n  // rename\n  {}\n]", "HG0901 (2,3-2,4) Transform spec is not JSON Harmony can read: comments are not JSON (Harmony's reader refuses them)")]
    [InlineData("[ { \"operation\": \"shift\" ", "HG0901 (1,26-1,26) Transform spec is not JSON Harmony can read: the file ends inside an object")]
    [InlineData("[ 01 ]", "HG0901 (1,3-1,5) Transform spec is not JSON Harmony can read: a number must not have a leading zero")]
    [InlineData("[ \"a\\qb\" ]", "HG0901 (1,5-1,7) Transform spec is not JSON Harmony can read: '\\q' is not a JSON escape")]
    [InlineData("[] []", "HG0901 (1,4-1,5) Transform spec is not JSON Harmony can read: trailing characters after the JSON value")]
    public void HG0901_json_syntax_at_the_character(string json, string expected) =>
        Assert.Equal(new[] { expected }, Read(json));

    [Fact]
    public void HG0901_nesting_deeper_than_harmonys_reader()
    {
        string json = new string('[', 129) + new string(']', 129);
        Assert.Equal(new[] { "HG0901 (1,129-1,130) Transform spec is not JSON Harmony can read: nested more than 128 deep (Harmony's reader stops at 128)" }, Read(json));
    }

    [Fact]
    public void HG0902_a_spec_file_is_an_array_of_operations() =>
        Assert.Equal(
            new[] { "HG0902 (1,1-1,34) A transform spec must be an array of {\"operation\": ..., \"spec\": ...} objects, not an object" },
            Read("{ \"shift\": { \"a\": \"b\" }, \"x\": 1 }"));

    [Fact]
    public void HG0004_an_operation_needs_its_spec() =>
        Assert.Equal(new[] { "HG0004 (1,3-1,27) Operation 0 needs 'spec'" }, Read("[ { \"operation\": \"shift\" } ]"));

    [Fact]
    public void HG0903_an_operation_harmony_does_not_run_with_a_suggestion() =>
        Assert.Equal(
            new[] { "HG0903 (1,18-1,26) 'shiift' is not a JOLT operation Harmony runs: Harmony's engine (harmony-jolt 0.5.0) runs shift, default, remove, modify-overwrite-beta, modify-default-beta and modify-define-beta; did you mean 'shift'?" },
            Read("[ { \"operation\": \"shiift\", \"spec\": {} } ]"));

    [Fact]
    public void HG0903_java_operations_harmony_jolt_does_not_have() =>
        Assert.Equal(
            new[] { "HG0903 (1,18-1,31) 'cardinality' is not a JOLT operation Harmony runs: Harmony's engine (harmony-jolt 0.5.0) runs shift, default, remove, modify-overwrite-beta, modify-default-beta and modify-define-beta; Java JOLT has it, harmony-jolt does not" },
            Read("[ { \"operation\": \"cardinality\", \"spec\": {} } ]"));

    [Fact]
    public void HG0902_a_shift_spec_is_an_object() =>
        Assert.Equal(new[] { "HG0902 (4,13-4,20) Operation 0's shift \"spec\" must be an object, not an array" }, Read(Shift("[ \"a\" ]")));

    [Theory]
    [InlineData("{ \"$1a\": \"x\" }", "HG0904 (4,18-4,19) '$1a' is not a JOLT shift key Harmony reads: unexpected 'a'")]
    [InlineData("{ \"@foo\": \"x\" }", "HG0904 (4,17-4,20) '@foo' is not a JOLT shift key Harmony reads: unexpected 'foo'")]
    [InlineData("{ \"a.b\": \"x\" }", "HG0904 (4,17-4,18) 'a.b' is not a JOLT shift key Harmony reads: unexpected '.'")]
    [InlineData("{ \"&(1,x)\": \"x\" }", "HG0904 (4,20-4,21) '&(1,x)' is not a JOLT shift key Harmony reads: 'x' is not a number")]
    [InlineData("{ \"a\": \"x[1\" }", "HG0904 (4,24-4,24) 'x[1' is not a JOLT target path Harmony reads: unexpected end")]
    [InlineData("{ \"a\": \"x.\\\\q\" }", "HG0904 (4,20-4,27) 'x.\\q' is not a JOLT target path Harmony reads: '\\q' escapes a character that needs no escape; only $ & @ # * | [ ] ( ) . , and \\ can be escaped")]
    [InlineData("{ \"a\": \"@(1,@(1,@(1,@(1,@(1,x)))))\" }", "HG0904 (4,39-4,39) '@(1,@(1,@(1,@(1,@(1,x)))))' is not a JOLT target path Harmony reads: '@(...)' is nested more than 4 deep")]
    public void HG0904_keys_and_targets_at_the_character(string spec, string expected) =>
        Assert.Equal(new[] { expected }, Read(Shift(spec)));

    [Fact]
    public void HG0905_a_shift_key_written_twice_points_at_both() =>
        Assert.Equal(
            new[] { "HG0905 (4,25-4,28) Shift key 'a' is written twice in one object, which Harmony refuses (\"duplicate lhs\"); the other is at /project/transforms/spec.json(4,15)" },
            Read(Shift("{ \"a\": \"x\", \"a\": \"y\" }")));

    [Theory]
    [InlineData("{ \"a\": 5 }", "HG0902 (4,20-4,21) The value of shift key 'a' must be a target path, an array of them, an object or null, not a number")]
    [InlineData("{ \"a\": [ \"x\", [ \"y\" ] ] }", "HG0902 (4,27-4,34) A target of shift key 'a' must be a string, not an array")]
    [InlineData("{ \"@\": { \"a\": \"b\" } }", "HG0902 (4,20-4,32) The value of shift key '@' must be a target path or an array of them (a '$', '@' or '#' key puts a value, it cannot hold an object), not an object")]
    [InlineData("{ \"#x\": null }", "HG0902 (4,21-4,25) The value of shift key '#x' must be a target path or an array of them (a '$', '@' or '#' key puts a value, it cannot hold an object), not null")]
    public void HG0902_values_a_shift_key_cannot_have(string spec, string expected) =>
        Assert.Equal(new[] { expected }, Read(Shift(spec)));

    [Theory]
    [InlineData("{ \"a\": \"=ifEquals(@(1,b),'x')\" }", "HG0907 (4,22-4,30) 'ifEquals' is not a function of Harmony's modify operations; harmony-jolt 0.5.0, Harmony's engine, has concat, toLower, toUpper, substring, trim and join and fails the transform on any other name (0.8.0 adds split, which HarmonyGen compiles); Java JOLT has no ifEquals either (an unknown function there quietly gives its first argument)")]
    [InlineData("{ \"a\": \"=toUpperCase\" }", "HG0907 (4,22-4,33) 'toUpperCase' is not a function of Harmony's modify operations; harmony-jolt 0.5.0, Harmony's engine, has concat, toLower, toUpper, substring, trim and join and fails the transform on any other name (0.8.0 adds split, which HarmonyGen compiles)")]
    [InlineData("{ \"a\": \"=abs(@(1,b))\" }", "HG0907 (4,22-4,25) 'abs' is not a function of Harmony's modify operations; it is Java JOLT's, and harmony-jolt 0.5.0, Harmony's engine, has concat, toLower, toUpper, substring, trim and join and fails the transform on any other name (0.8.0 adds split, which HarmonyGen compiles)")]
    public void HG0907_functions_harmony_does_not_document_at_their_name(string spec, string expected) =>
        Assert.Equal(new[] { expected }, Read(Modify(spec)));

    [Theory]
    [InlineData("{ \"a\": \"=substring(@(1,b),0)\" }", "HG0908 (4,22-4,41) '=substring(@(1,b),0)' never gives a value: substring takes three arguments, (text, start, end)")]
    [InlineData("{ \"a\": \"=substring(@(1,b),'0',3)\" }", "HG0908 (4,39-4,42) '=substring(@(1,b),'0',3)' never gives a value: substring's start is a whole number")]
    [InlineData("{ \"a\": \"=substring(@(1,b),3,1)\" }", "HG0908 (4,39-4,42) '=substring(@(1,b),3,1)' never gives a value: substring from 3 to 1 is never a text (the start must be 0 or more and below the end)")]
    [InlineData("{ \"a\": \"=join(@(1,b))\" }", "HG0908 (4,22-4,34) '=join(@(1,b))' never gives a value: join takes a separator and at least one value, (separator, values...)")]
    [InlineData("{ \"a\": \"=join(5,@(1,b))\" }", "HG0908 (4,27-4,28) '=join(5,@(1,b))' never gives a value: join's separator is a quoted text")]
    [InlineData("{ \"a\": \"=split('.',@(1,b))\" }", "HG0908 (4,28-4,31) '=split('.',@(1,b))' never gives a value: split's separator must be a quoted, non-empty text without regex characters (Java JOLT reads it as a regex, and Harmony's docs do not say how theirs reads it)")]
    [InlineData("{ \"a\": \"=concat('x')\" }", "HG0908 (4,22-4,33) '=concat('x')' never gives a value: concat of one literal gives nothing (Java JOLT concatenates several values, or the items of one list); write the value itself")]
    [InlineData("{ \"a\": \"=toUpper(@(1,b),@(1,c))\" }", "HG0908 (4,37-4,43) '=toUpper(@(1,b),@(1,c))' never gives a value: harmony-jolt's toUpper takes one argument and fails the transform on more (Java JOLT's list form is not Harmony's)")]
    [InlineData("{ \"a\": \"=trim(5)\" }", "HG0908 (4,22-4,29) '=trim(5)' never gives a value: trim of a literal that is not a text gives nothing")]
    [InlineData("{ \"a\": \"=toLower()\" }", "HG0908 (4,22-4,31) '=toLower()' never gives a value: toLower() has no argument and gives nothing; '=toLower' applies it to the key's own value")]
    public void HG0908_calls_that_never_give_a_value_at_the_arguments_at_fault(string spec, string expected) =>
        Assert.Equal(new[] { expected }, Read(Modify(spec)));

    [Theory]
    [InlineData("{ \"a\": \"=concat('x',name)\" }", "HG0909 (4,33-4,37) '=concat('x',name)' is not a modify value HarmonyGen compiles: Harmony's docs say an unquoted identifier is looked up, without saying where; write '@(1,name)' for a value of the input, or 'name' in single quotes for the text")]
    [InlineData("{ \"a\": \"=concat('x',^)\" }", "HG0909 (4,33-4,34) '=concat('x',^)' is not a modify value HarmonyGen compiles: '^' needs the key of the input's \"context\" member to read ('^key')")]
    [InlineData("{ \"a\": \"=concat('x,@(1,b))\" }", "HG0909 (4,29-4,30) '=concat('x,@(1,b))' is not a modify value HarmonyGen compiles: a quote that is not closed")]
    [InlineData("{ \"a\": \"=concat('x',,'y')\" }", "HG0909 (4,33-4,33) '=concat('x',,'y')' is not a modify value HarmonyGen compiles: an empty argument (Java JOLT passes null, which no function here uses)")]
    [InlineData("{ \"a\": \"=concat('x'\" }", "HG0909 (4,32-4,32) '=concat('x'' is not a modify value HarmonyGen compiles: the arguments must end with ')' as the last character")]
    [InlineData("{ \"a\": \"=concat('x',@(1,b[]))\" }", "HG0909 (4,33-4,41) '=concat('x',@(1,b[]))' is not a modify value HarmonyGen compiles: the path of a modify read is keys, '&' references and '[n]' indexes; '[]' and a nested '@' are not compiled")]
    [InlineData("{ \"a\": \"=concat('x',@(1,b).c)\" }", "HG0909 (4,33-4,41) '=concat('x',@(1,b).c)' is not a modify value HarmonyGen compiles: an argument reads one value, '@(n,path)'; it is not a path after it")]
    [InlineData("{ \"a\": \"=concat('x',toUpper(@(1,b)))\" }", "HG0909 (4,33-4,48) '=concat('x',toUpper(@(1,b)))' is not a modify value HarmonyGen compiles: a function call cannot be an argument (Java JOLT would pass this text as it is)")]
    [InlineData("{ \"a\": \"^ctx\" }", "HG0909 (4,21-4,25) '^ctx' is not a modify value HarmonyGen compiles: '^key' is compiled as a function argument ('=concat(^key)'), where harmony-jolt reads the key of the input's \"context\" member; what harmony-jolt makes of a whole value '^key' is not known")]
    public void HG0909_values_and_arguments_harmony_leaves_open_at_the_character(string spec, string expected) =>
        Assert.Equal(new[] { expected }, Read(Modify(spec)));

    [Theory]
    [InlineData("{ \"&(1)\": \"x\" }", "HG0910 (4,15-4,21) '&(1)' is not a key a modify operation matches: '&', '$', '@' and '#' keys belong to shift; a modify key is a name, a '*' wildcard or 'a|b' alternatives")]
    [InlineData("{ \"~a\": \"x\" }", "HG0910 (4,16-4,17) '~a' is not a key a modify operation matches: Java JOLT reads a leading '~' as a write mode of its own, which Harmony's docs do not describe; the operation decides how a value is written")]
    [InlineData("{ \"a?\": \"x\" }", "HG0910 (4,17-4,18) 'a?' is not a key a modify operation matches: Java JOLT reads a trailing '?' as \"only when the input has the key\", which Harmony's docs do not describe")]
    public void HG0910_keys_a_modify_does_not_match(string spec, string expected) =>
        Assert.Equal(new[] { expected }, Read(Modify(spec)));

    [Theory]
    [InlineData("{ \"a\": \"=concat('x',@(1,b[))\" }", "HG0904 (4,39-4,40) '@(1,b[)' is not a JOLT modify argument Harmony reads: unexpected ')'")]
    [InlineData("{ \"a\": [ \"x\", { \"b\": 1 } ] }", "HG0902 (4,27-4,37) A value of modify key 'a' must be a string, a number, true, false, null, {} or [], not an object with members")]
    public void Modify_reads_and_shapes_reuse_HG0902_and_HG0904(string spec, string expected) =>
        Assert.Equal(new[] { expected }, Read(Modify(spec)));

    [Fact]
    public void A_modify_spec_is_an_object_and_each_variant_reads_cleanly()
    {
        Assert.Equal(new[] { "HG0902 (1,49-1,51) Operation 0's modify-default-beta \"spec\" must be an object, not an array" }, Read("[ { \"operation\": \"modify-default-beta\", \"spec\": [] } ]"));
        foreach (string operation in new[] { "modify-overwrite-beta", "modify-default-beta", "modify-define-beta" })
        {
            Assert.Empty(Read("[ { \"operation\": \"" + operation + "\", \"spec\": { \"a\": \"=concat(@(1,b),' ',@(2,c[0]),5,true)\", \"*\": { \"x|y\": [\"=trim\", 0] } } } ]"));
        }
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_not_only_the_first() =>
        Assert.Equal(2, Read(Shift("{ \"$1a\": \"x\", \"b\": { \"c\": \"y[\" } }")).Length);

    [Fact]
    public void Default_and_remove_take_any_json_and_a_valid_file_reads_cleanly()
    {
        JoltSpecFile file = JoltSpecFile.Read("/project/spec.json", SourceText.From("[ { \"operation\": \"default\", \"spec\": { \"a\": [1, { \"b\": null }] } }, { \"operation\": \"remove\", \"spec\": \"\" } ]"));
        Assert.Empty(file.Diagnostics);
        Assert.Equal(new[] { "a/0", "a/1/b" }, file.Program!.Operations[0].Leaves.Select(l => string.Join("/", l.Path)));
        Assert.Single(file.Program.Operations[1].Leaves);
    }

    [Fact]
    public void The_model_is_equal_for_equal_text_and_moving_text_changes_only_diagnostics()
    {
        JoltSpecFile a = JoltSpecFile.Read("/project/spec.json", SourceText.From(Shift("{ \"a\": \"x\" }")));
        JoltSpecFile b = JoltSpecFile.Read("/project/spec.json", SourceText.From("\n\n" + Shift("{ \"a\": \"x\" }")));
        Assert.Equal(a, JoltSpecFile.Read("/project/spec.json", SourceText.From(Shift("{ \"a\": \"x\" }"))));
        Assert.Equal(a.Program, b.Program);

        JoltSpecFile modify = JoltSpecFile.Read("/project/spec.json", SourceText.From(Modify("{ \"a\": { \"*\": \"=concat(@(2,b[0]),'-',1)\" } }")));
        Assert.Empty(modify.Diagnostics);
        Assert.Equal(modify.Program, JoltSpecFile.Read("/project/spec.json", SourceText.From("\n" + Modify("{ \"a\": { \"*\": \"=concat(@(2,b[0]),'-',1)\" } }"))).Program);
        Assert.NotEqual(modify.Program, JoltSpecFile.Read("/project/spec.json", SourceText.From(Modify("{ \"a\": { \"*\": \"=concat(@(2,b[0]),'-',2)\" } }"))).Program);
    }
}
