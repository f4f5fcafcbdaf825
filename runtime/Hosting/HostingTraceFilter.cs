using System;
using System.Collections.Generic;
using HarmonyGen.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Hosting;

/// <summary>
/// Turns ASP.NET Core's hosting diagnostics logger off while the gateway serves and nothing would record a span.
/// <para>
/// Hosting makes its server span (and a log scope) on every request for as long as that logger is enabled at any
/// level, even when nobody records the span; the gateway logs at Warning, so it always was. With the logger off and
/// no ActivityListener sampling ASP.NET Core's source, no span is made, and <see cref="DirectTraceContext"/> writes
/// the backend's trace context instead. The filter is asked on every request, so the span comes back the moment a
/// listener subscribes on the client side (whose span needs the server span as its parent to stay in the caller's
/// trace). Before the gateway serves, the logger stays on: start-up errors in this category are still logged.
/// </para>
/// </summary>
internal sealed class HostingTraceFilter
{
    private const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private volatile bool _serving;

    private HostingTraceFilter()
    {
    }

    /// <summary>
    /// Installs the filter, unless the configuration (arguments, environment, appsettings.json) sets a level for this
    /// category or one of its prefixes: whoever asked for hosting's own logs (request starting/finished, their
    /// RequestId and TraceId scopes) gets them, and with them the span.
    /// </summary>
    public static HostingTraceFilter? Install(WebApplicationBuilder builder)
    {
        if (Configures(builder.Configuration.GetSection("Logging")))
        {
            return null;
        }

        var filter = new HostingTraceFilter();
        builder.Logging.AddFilter(Category, filter.IsEnabled);
        return filter;
    }

    /// <summary>Called once every listener is bound.</summary>
    public void Serving() => _serving = true;

    private bool IsEnabled(LogLevel level) => !_serving || DirectTraceContext.ClientSideListened;

    private static bool Configures(IConfiguration logging)
    {
        foreach (KeyValuePair<string, string?> entry in logging.AsEnumerable(makePathsRelative: true))
        {
            if (entry.Value is null)
            {
                continue;
            }

            // "LogLevel:Microsoft.AspNetCore" or "Console:LogLevel:Default": the category is the segment after LogLevel.
            string[] path = entry.Key.Split(':');
            int at = Array.FindIndex(path, s => s.Equals("LogLevel", StringComparison.OrdinalIgnoreCase));
            if (at < 0 || at + 1 >= path.Length)
            {
                continue;
            }

            string category = path[at + 1];
            if (category.Equals("Default", StringComparison.OrdinalIgnoreCase) || category.Contains('*')
                || Category.StartsWith(category, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
