namespace DropWatch.Netlink.Generic;

/// <summary>The generic-netlink controller ("nlctrl"): fixed id 0x10, commands and attributes.</summary>
public static class Controller
{
    public const ushort FamilyId = 0x10;
    public const byte CommandNewFamily = 1;
    public const byte CommandGetFamily = 3;
    public const byte Version = 1;

    public const ushort AttrFamilyId = 1;
    public const ushort AttrFamilyName = 2;
    public const ushort AttrVersion = 3;
    public const ushort AttrHeaderSize = 4;
    public const ushort AttrMaxAttr = 5;
    public const ushort AttrOps = 6;
    public const ushort AttrMulticastGroups = 7;

    // Inside each entry of AttrMulticastGroups.
    public const ushort AttrGroupName = 1;
    public const ushort AttrGroupId = 2;
}
