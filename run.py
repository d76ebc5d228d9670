import subprocess,signal,time,os,sys
env=dict(os.environ, HOME='/tmp/ctrlc', XDG_STATE_HOME='/tmp/ctrlc/state', XDG_CONFIG_HOME='/tmp/ctrlc/config', XDG_DATA_HOME='/tmp/ctrlc/data')
t=time.time()
p=subprocess.Popen(sys.argv[1:], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, restore_signals=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
time.sleep(2); p.send_signal(signal.SIGINT)
try:
    out,err=p.communicate(timeout=20)
except subprocess.TimeoutExpired:
    p.kill(); out,err=p.communicate(); print("did not exit within 20 s of SIGINT")
print("exit", p.returncode, "after %.1fs"%(time.time()-t)); print(err.decode()[-500:])
