using System;
using System.Globalization;
using System.Net;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// <c>time_based</c>, as Harmony's evaluator decides it: the current time in the rule's IANA zone is inside the window
/// when it is between <c>start_time</c> and <c>end_time</c> (both inclusive, to the minute's first instant; a window
/// whose end is before its start wraps midnight), on one of <c>days_of_week</c> (when listed) and between
/// <c>start_date</c> and <c>end_date</c> (inclusive, when written). Inside, the rule allows (denies when
/// <c>allow_during_window = false</c>); outside, it does the opposite: a time rule always decides. The clock is the
/// gateway's (<c>HarmonyGatewayOptions.TimeProvider</c>), given at start-up as the mesh token checks get it. Zones come from the operating system's tz database (<see cref="TimeZoneInfo"/>, which does
/// not need ICU, so invariant globalization does not change it); a zone this machine does not have stops start-up.
/// </summary>
internal sealed class TimeWindowRule : PolicyRule
{
    private readonly TimeZoneInfo _zone;
    private readonly bool _allowDuring;
    private readonly TimeOnly? _start;
    private readonly TimeOnly? _end;
    private readonly bool[] _days = new bool[7]; // by DayOfWeek
    private readonly bool _anyDay;
    private readonly DateOnly? _from;
    private readonly DateOnly? _to;
    private readonly TimeProvider _clock;

    public TimeWindowRule(PolicyRuleDefinition definition, TimeWindowCondition condition, TimeProvider clock)
        : base(definition)
    {
        _clock = clock;
        _zone = Zone(definition.Name, condition.TimeZone);
        _allowDuring = condition.AllowDuringWindow;
        if (condition.StartTime is { } start && condition.EndTime is { } end)
        {
            _start = TimeOnly.ParseExact(start, "HH:mm", CultureInfo.InvariantCulture);
            _end = TimeOnly.ParseExact(end, "HH:mm", CultureInfo.InvariantCulture);
        }

        foreach (string day in condition.DaysOfWeek)
        {
            _days[(int)Enum.Parse<DayOfWeek>(day, ignoreCase: true)] = true;
            _anyDay = true;
        }

        if (condition.StartDate is { } from && condition.EndDate is { } to)
        {
            _from = DateOnly.ParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            _to = DateOnly.ParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
    }

    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client) =>
        Decide(TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), _zone).DateTime);

    /// <summary>The verdict at <paramref name="local"/>, a time in the rule's zone.</summary>
    internal RuleVerdict Decide(DateTime local)
    {
        bool inside = true;
        if (_start is { } start && _end is { } end)
        {
            var now = TimeOnly.FromDateTime(local);
            inside = start <= end ? now >= start && now <= end : now >= start || now <= end;
        }

        if (_anyDay && !_days[(int)local.DayOfWeek])
        {
            inside = false;
        }

        if (_from is { } from && _to is { } to)
        {
            var today = DateOnly.FromDateTime(local);
            inside &= today >= from && today <= to;
        }

        return inside == _allowDuring ? RuleVerdict.Allow : RuleVerdict.Deny;
    }

    private static TimeZoneInfo Zone(string rule, string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"Rule '{rule}' names time zone '{id}', which this machine's time zone database does not have.", e);
        }
    }
}

