/* The two ROMFS images built at build time, one per partition. */
    .section .romfs0, "a"
    .balign 4
    .incbin ROMFS_IMAGE0_FILE
    .section .romfs1, "a"
    .balign 4
    .incbin ROMFS_IMAGE1_FILE
