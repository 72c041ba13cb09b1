/* Empty ROM partitions: the images are written there separately. */
    .section .romfs0, "a"
    .section .romfs1, "a"
