/* The ROMFS image built at build time, placed in the .romfs section. */
    .section .romfs, "a"
    .balign 4
    .incbin ROMFS_IMAGE_FILE
