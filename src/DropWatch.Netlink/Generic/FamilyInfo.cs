namespace DropWatch.Netlink.Generic;

/// <summary>What the controller told us about a generic-netlink family.</summary>
/// <param name="Id">The dynamic id used as nlmsg_type for every message of the family.</param>
/// <param name="MulticastGroups">Group name → group id.</param>
public sealed record FamilyInfo(string Name, ushort Id, uint Version, uint MaxAttribute,
    IReadOnlyDictionary<string, uint> MulticastGroups);
