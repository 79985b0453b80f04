(function(){
  var sev=document.getElementById('f-sev'), rule=document.getElementById('f-rule');
  var count=document.getElementById('f-count');
  function apply(){
    var shown=0;
    document.querySelectorAll('.finding').forEach(function(el){
      var s=el.dataset.severity;
      var okSev=!sev.value||s===sev.value||(sev.value==='ew'&&(s==='error'||s==='warning'));
      var ok=okSev&&(!rule.value||el.dataset.rule===rule.value);
      el.hidden=!ok; if(ok){shown++;}
    });
    var total=document.querySelectorAll('.finding').length;
    count.textContent=shown+' constat'+(shown>1?'s':'')+' affiché'+(shown>1?'s':'')+' sur '+total;
  }
  sev.addEventListener('change',apply); rule.addEventListener('change',apply);
  document.querySelectorAll('[data-filter-rule]').forEach(function(a){
    a.addEventListener('click',function(ev){ev.preventDefault();rule.value=a.dataset.filterRule;
      sev.value='';apply();document.getElementById('constats').scrollIntoView();});
  });
  apply();
})();
