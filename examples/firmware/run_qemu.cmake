# Boots a firmware ELF in qemu-system-arm with semihosting and checks its
# exit code and output. -DQEMU -DMACHINE -DELF -DEXPECT_RC -DEXPECT (regex)
# [-DREJECT (regex)] [-DTIMEOUT seconds]
if(NOT TIMEOUT)
  set(TIMEOUT 60)
endif()
execute_process(
  COMMAND ${QEMU} -M ${MACHINE} -nographic -monitor none -serial none
          -semihosting-config enable=on,target=native -kernel ${ELF}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT ${TIMEOUT})
message("${out}${err}")
if(NOT rc STREQUAL EXPECT_RC)
  message(FATAL_ERROR "qemu ${MACHINE}: exit code ${rc}, expected ${EXPECT_RC}")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "qemu ${MACHINE}: output does not match /${EXPECT}/")
endif()
if(REJECT AND out MATCHES "${REJECT}")
  message(FATAL_ERROR "qemu ${MACHINE}: output matches /${REJECT}/")
endif()
